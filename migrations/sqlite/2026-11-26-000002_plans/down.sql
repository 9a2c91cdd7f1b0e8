DROP TABLE plan_versions;
DROP TABLE measurements;
DROP TABLE indicator_targets;
DROP TABLE indicators;
DROP TABLE milestones;
DROP TABLE plan_nodes;
DROP TABLE plans;
