"""The enforcement tier 执法处置: the record of a case taken into enforcement and its rules."""
