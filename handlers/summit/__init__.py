"""The summit brief in words and pictures: its sections (`words`), the files `peerbot summit` writes
(`files`: brief.md, brief.html, summit.json, timeline.png), the timeline picture (`picture`) and the
Slack message (`message`)."""
