"""The clock process (`peerbot clock`): sends due reminders once each, paced per channel.

process.py      the APScheduler process and its two jobs (ClockRuntime, run_clock)
sending.py      one pass of `send_due`: claim, prepare, post from a thread pool paced per channel, record
jobs.py         claimed rows rendered into jobs (the renderer is injected), late notes
outcomes.py     how each send ended (Settled, Result) and what a pass did (SendStats)
recording.py    outcomes written in batches (Recorder)
coordinators.py coordinators told once about a dead channel
slack_client.py the client that retries 429s only, and what Slack's errors mean
config.py       SendConfig
recovery.py     settling claims a dead clock left behind
"""
