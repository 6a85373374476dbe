import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while starting up: the same one line as later
    print("viextract: interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
