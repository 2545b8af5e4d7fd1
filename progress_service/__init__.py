"""The progress service: staff record completed trainings, ratings and self-assessments."""
