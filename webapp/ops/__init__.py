"""Operations: the health check a proxy or monitor polls, and the administrator's system page."""
