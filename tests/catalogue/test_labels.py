"""Every closed set of values has exactly one Swedish label per value, beside its type."""

from __future__ import annotations

from typing import get_args

from catalogue import model


def test_each_label_table_names_every_value_of_its_type_and_no_other() -> None:
    tables = {
        model.Level: model.LEVEL_LABELS,
        model.Status: model.STATUS_LABELS,
        model.SignIn: model.SIGN_IN_LABELS,
        model.SignupKind: model.SIGNUP_LABELS,
        model.CostKind: model.COST_LABELS,
        model.Funding: model.FUNDING_LABELS,
        model.Requirement: model.REQUIREMENT_LABELS,
    }
    for kind, labels in tables.items():
        assert list(labels) == list(get_args(kind)), kind
        assert all(label.strip() and label[0].isupper() for label in labels.values()), labels
    assert list(model.LABELS.values()) == list(tables.values())
