from emigre.cli import run

run()
