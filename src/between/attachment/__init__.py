"""The attachment story: a guided reflection each person writes alone, private by default."""
