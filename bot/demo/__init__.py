"""`peerbot demo`: the 2018 round replayed through the real app against the Slack stand-in
(slack_double), with time moved forward day by day.

* ``people``: the round's authorities, their people and the double's user IDs;
* ``slack``: Slack's side: signed slash commands and button clicks dispatched to the Bolt app
  that ``bot.app.create_app`` builds, its Web API calls answered by the double;
* ``script``: what happens on which day of the round;
* ``run``: the year, day by day: the script's steps, and the clock's real jobs at 09:00;
* ``transcript``: what each conversation saw and when; ``index.html`` and ``transcript.json``;
* ``summary``: the summary printed at the end (and at the top of ``index.html``).
"""
