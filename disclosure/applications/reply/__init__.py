"""The reply of a case: draft, 审核签发, the numbered 答复告知书."""
