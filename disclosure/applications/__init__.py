"""依申请公开: cases, casework, the public form, replies, the desk."""
