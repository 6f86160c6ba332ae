"""What `/partners` and the buttons do, Slack-free: grammar -> action -> answer."""
