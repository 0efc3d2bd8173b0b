"""基层政务公开标准目录 of banner (旗县) sites (R34)."""
