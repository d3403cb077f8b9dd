from certlint.cli import main

main()
