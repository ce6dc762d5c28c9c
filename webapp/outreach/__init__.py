"""Outreach (truyền thông): awareness sessions logged by volunteers and officers, and the province's key areas."""
