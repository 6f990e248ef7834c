"""Claim similarity: the same claim across wording, languages and speakers.

Pure domain code, no database: sentence vectors (`embedding`) rank candidates, and the
figures (`figures`) and wording (`polarity`) of the two texts are compared beside the
vectors, because no sentence model tells "47th" from "4th" or "raised" from "cut".
`match` puts the three together into labelled candidates.
"""
