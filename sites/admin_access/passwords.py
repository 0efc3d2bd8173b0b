"""Password policy: a blocklist of weak passwords common in China (R74).

Django's CommonPasswordValidator knows the world's 20,000 most common passwords;
these are the ones Chinese leak lists add (pinyin, 520/1314 numerology, keyboard
walks, and the default passwords government systems are often found with). A
password is refused when, lower-cased and without spaces, it *contains* one of
them: "Woaini1314!!" is as weak as "woaini1314".
"""

from django.core.exceptions import ValidationError

WEAK_PASSWORD_PARTS = (
    # Numerology and love phrases.
    "5201314", "1314520", "woaini", "iloveyou", "aini1314", "520520",
    # Keyboard walks and sequences.
    "1qaz2wsx", "qazwsx", "qwerty", "asdfgh", "zxcvbn", "1q2w3e", "qweasd",
    "123qwe", "abc123", "a123456", "123456a", "abcd1234", "12345678", "87654321",
    "11111111", "88888888", "66666666", "147258", "159357", "123123",
    # Pinyin and common words.
    "zhangwei", "wangwei", "wangfang", "liuyang", "zhongguo", "beijing",
    "mima", "password", "passw0rd", "p@ssw0rd", "p@ssword", "admin", "root",
    "test123", "guest", "welcome", "qq123456", "woshishui", "nihao",
    # Defaults found on government and intranet systems.
    "zhengfu", "gov123", "gov.cn", "xinxi", "wangzhan", "zhandian", "guanli",
    "bangong", "oa123", "huanying", "changeme", "default",
)  # fmt: skip


class ChineseWeakPasswordValidator:
    """Refuses passwords containing a well-known weak part."""

    def validate(self, password, user=None):
        folded = "".join(password.split()).lower()
        for part in WEAK_PASSWORD_PARTS:
            if part in folded:
                raise ValidationError(
                    f"密码过于简单：包含常见弱口令“{part}”。",
                    code="password_weak_part",
                )

    def get_help_text(self):
        return "密码不能包含常见弱口令（如 woaini、5201314、1qaz2wsx、admin 等）。"
