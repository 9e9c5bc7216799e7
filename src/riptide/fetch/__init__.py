"""Getting HTML: HTTP fetching and character-set decoding."""
