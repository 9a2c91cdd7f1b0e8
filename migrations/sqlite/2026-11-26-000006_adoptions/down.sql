DROP TABLE practice_adoptions;
