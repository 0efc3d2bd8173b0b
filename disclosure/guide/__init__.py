"""政府信息公开指南 (Art. 12, R24): the page, its default text, its check."""
