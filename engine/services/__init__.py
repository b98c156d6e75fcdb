"""Domain services: plain functions taking (session, actor, ...). They flush, never commit."""
