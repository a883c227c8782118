"""Weight-change review: seed validation and score diffs between two commits."""
