"""Admin access to 等保 level 3 (R74, R75; issue #13 item 5): login lockout, the
second factor (TOTP, recovery codes), idle timeout, password policy, and the
start-up refusal of superusers in production."""
