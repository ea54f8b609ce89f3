from tidtam.cli import main

main()
