"""The public pages: what readers see. Published content only, through the same public
querysets and selectors as the API, and the same ClaimReview mapping."""
