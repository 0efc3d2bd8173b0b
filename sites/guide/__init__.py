"""使用指南: the platform's own user guide in Chinese, one chapter per role,
served in the admin and linked from the help menu (instead of Wagtail's
English editor guide)."""
