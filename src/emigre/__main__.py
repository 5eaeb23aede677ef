from emigre.launcher import run

run()
