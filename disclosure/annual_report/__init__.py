"""政府信息公开工作年度报告: model, building, official format, export, desk."""
