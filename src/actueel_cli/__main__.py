from actueel_cli.cli import main

main()
