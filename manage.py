#!/usr/bin/env python
from vinhdanh.cli import main

if __name__ == "__main__":
    main()
