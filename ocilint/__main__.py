from ocilint.cli import run

run()
