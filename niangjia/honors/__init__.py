"""Award rounds, the model-worker registry, panel scoring with recusal, mentorship."""
