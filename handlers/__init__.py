"""The Telegram side: python-telegram-bot handlers over the engine, the Application and its transport."""
