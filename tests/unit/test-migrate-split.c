/* Splitting migration files into paired up/down statements. */
#include <string.h>

#include "migrate.h"
#include "tap.h"

int
main(void)
{
	struct sql_list	 up, down;
	struct buf	 errs;
	const char	*t;

	buf_init(&errs, 4096);
	t = "-- a comment\n-- up\nCREATE TABLE a (\n  id INT PRIMARY KEY\n);\n"
	    "\nALTER TABLE a ADD b INT;\n-- down\nDROP TABLE a;\n"
	    "ALTER TABLE a DROP b;\n";
	is_int(migrate_split("f.sql", t, strlen(t), &up, &down, &errs), 0,
	    "good file splits");
	is_int(up.n, 2, "two up statements");
	is_int(down.n, 2, "two down statements");
	is_str(up.stmt[0], "CREATE TABLE a (\n  id INT PRIMARY KEY\n)",
	    "multi-line statement kept whole, without ';'");
	is_str(down.stmt[1], "ALTER TABLE a DROP b", "second down");
	sql_list_free(&up);
	sql_list_free(&down);

	t = "-- up\nCREATE TABLE a (id INT);\n-- down\n";
	is_int(migrate_split("f.sql", t, strlen(t), &up, &down, &errs), -1,
	    "unpaired refused");
	ok(strstr(errs.ptr, "each up needs the down") != NULL, "says why");
	is_int(up.n + down.n, 0, "lists empty after failure");

	buf_reset(&errs);
	t = "CREATE TABLE a (id INT);\n";
	is_int(migrate_split("f.sql", t, strlen(t), &up, &down, &errs), -1,
	    "SQL before the up marker refused");
	is_str(errs.ptr, "f.sql:1: SQL before '-- up'\n", "file:line");

	buf_reset(&errs);
	t = "-- up\nCREATE TABLE a (id INT)\n-- down\nDROP TABLE a;\n";
	is_int(migrate_split("f.sql", t, strlen(t), &up, &down, &errs), -1,
	    "statement without ';' at the end of the section refused");

	buf_reset(&errs);
	t = "-- up\r\nCREATE TABLE a (id INT);\r\n-- down\r\nDROP TABLE a;\r\n";
	is_int(migrate_split("f.sql", t, strlen(t), &up, &down, &errs), 0,
	    "CRLF line ends accepted");
	is_str(up.stmt[0], "CREATE TABLE a (id INT)", "CR stripped");
	sql_list_free(&up);
	sql_list_free(&down);

	buf_reset(&errs);
	t = "-- up\n-- down\n";
	is_int(migrate_split("f.sql", t, strlen(t), &up, &down, &errs), -1,
	    "empty migration refused");
	buf_free(&errs);
	return done_testing();
}
