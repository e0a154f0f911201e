from ocilint.cli import main

raise SystemExit(main())
