from alignread.cli import main

main()
