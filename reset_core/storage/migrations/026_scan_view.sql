-- How a respondent chose to answer the scan (issue 21): one statement per screen or a
-- theme at a time. NULL until they choose; the link page then goes by the device.
ALTER TABLE scan_responses ADD COLUMN one_by_one BOOLEAN;
