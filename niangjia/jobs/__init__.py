"""Online job fairs, positions, applications and 1-3-1 job help (线上招聘)."""
