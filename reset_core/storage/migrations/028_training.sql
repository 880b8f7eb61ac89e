-- The training room (issue 18): cohorts of trainee accounts on a demo database, each
-- trainee with copies of the fictitious cases of their own. `copies` says where a
-- trainee's copies stand: 'pending' (to be made, or made anew after a reset),
-- 'building' (claimed since `copies_at` by the run that makes them) or 'ready'.
CREATE SEQUENCE cohort_ids START 1;
CREATE TABLE cohorts (
    id INTEGER PRIMARY KEY DEFAULT nextval('cohort_ids'),
    name VARCHAR NOT NULL,
    made_by VARCHAR NOT NULL,
    made_at TIMESTAMP NOT NULL
);
CREATE TABLE trainees (
    username VARCHAR PRIMARY KEY,
    cohort_id INTEGER NOT NULL,
    seat INTEGER NOT NULL,
    copies VARCHAR NOT NULL DEFAULT 'pending',
    copies_at TIMESTAMP
);
