"""Linli (邻里): a platform for community social work stations caring for elders."""
