"""Everything that turns the catalogue into the site."""
