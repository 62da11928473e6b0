from vos_coder.cli import main

main()
