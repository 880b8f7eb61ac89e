-- Each user's language is kept with their account (issue 20): chosen once, it comes back
-- at the next login on any browser. NULL: never chosen, the app's default applies.
ALTER TABLE users ADD COLUMN language VARCHAR;
