from budgetlod.cli import main

main()
