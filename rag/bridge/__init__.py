"""The cross-script bridge: English and romanised-Hindi question words matched
to the Devanagari words of the index (by sound and by dictionary), for keyword
search, the dense model's reading of a romanised question, and the answer
ranker. See README, How it works → Questions across scripts."""
