from emigre.cli import main

main()
