import java.sql.*;
import java.util.*;

/**
 * What the full-text journal's own statements cost (fulltext/FullTextJournal): a write transaction of 8 resources
 * also inserts 8 journal rows before it commits, and a background thread later deletes them. Alternating
 * transactions with and without those rows, against the same database; the transaction's own work is stood in for by
 * 8 rows of 1 kB. Prints one table row. Run by bench/fulltext-journal-cost.sh.
 */
public class JournalCost {
	public static void main(String[] args) throws Exception {
		String url = args[0];
		int n = Integer.parseInt(args[1]);
		try (Connection c = DriverManager.getConnection(url, args.length > 2 ? args[2] : "sa", "")) {
			try (Statement s = c.createStatement()) {
				s.execute("drop table if exists jc");
				s.execute("create table jc (batch_id bigint not null, res_id bigint not null, recorded_at timestamp not null, primary key (batch_id, res_id))");
				s.execute("drop table if exists payload");
				s.execute("create table payload (id bigint primary key, body varchar(4000))");
			}
			c.setAutoCommit(false);
			Random r = new Random(1);
			long base = 0, withJournal = 0, deletes = 0;
			for (int round = 0; round < 2; round++) {
				for (int i = 0; i < n; i++) {
					long batch = r.nextLong() & Long.MAX_VALUE;
					// a stand-in for the transaction's own work: 8 rows of 1 kB
					long t0 = System.nanoTime();
					try (PreparedStatement p = c.prepareStatement("insert into payload values (?, ?)")) {
						for (int k = 0; k < 8; k++) { p.setLong(1, (long) round * n * 8 + i * 8L + k); p.setString(2, "x".repeat(1000)); p.addBatch(); }
						p.executeBatch();
					}
					long t1 = System.nanoTime();
					boolean journal = (i % 2 == 0);
					if (journal) {
						try (PreparedStatement p = c.prepareStatement("insert into jc values (?, ?, ?)")) {
							Timestamp now = new Timestamp(System.currentTimeMillis());
							for (int k = 0; k < 8; k++) { p.setLong(1, batch); p.setLong(2, i * 8L + k); p.setTimestamp(3, now); p.addBatch(); }
							p.executeBatch();
						}
					}
					c.commit();
					long t2 = System.nanoTime();
					if (round == 1) { if (journal) withJournal += t2 - t0; else base += t2 - t0; }
					if (journal) {
						long t3 = System.nanoTime();
						c.setAutoCommit(true);
						try (Statement s = c.createStatement()) { s.executeUpdate("delete from jc where batch_id in (" + batch + ")"); }
						c.setAutoCommit(false);
						if (round == 1) deletes += System.nanoTime() - t3;
					}
				}
			}
			int half = n / 2;
			System.out.printf("| %s | %.3f | %.3f | %+.3f | %.3f |%n",
					url.split(":")[1], base / 1e6 / half, withJournal / 1e6 / half, (withJournal - base) / 1e6 / half, deletes / 1e6 / half);
		}
	}
}
