-- The occupational physician's examination on resuming work, once it took place: the
-- safety function's deadline then leaves the home list instead of waiting out its window.
ALTER TABLE safety_functions ADD COLUMN examined_on DATE;
