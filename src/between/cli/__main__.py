from between.cli.main import app

app(prog_name="between")
