"""The mentee intake: five resumable steps against the competency taxonomy."""
