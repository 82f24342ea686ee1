"""People: accounts glue, roles, business units and profiles."""
