from openehcp.cli import main

main()
