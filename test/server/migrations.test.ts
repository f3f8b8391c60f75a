import { expect } from 'chai';
import { openDatabase } from '../../server/db/database';
import { createMigrator } from '../../server/db/migrator';
import { describeEachDatabase } from '../helpers/databases';

describeEachDatabase('migrations', (database) => {
  it('create the database when missing, apply, revert completely, and apply again', async () => {
    const db = database.create();
    const { sequelize } = await openDatabase(db.url);
    try {
      const migrator = createMigrator(sequelize);
      const applied = await migrator.up();
      expect(applied.length).to.be.greaterThan(0);
      const tables = (await sequelize.getQueryInterface().showAllTables()).map(String);
      expect(tables).to.include.members(['agents', 'groups', 'customers', 'identities', 'tickets', 'messages', 'attachments', 'audit_logs', 'sessions']);
      const indexes = (await sequelize.getQueryInterface().showIndex('tickets')) as Array<{ name: string }>;
      expect(indexes.map((i) => i.name)).to.include.members(['tickets_alert_due', 'tickets_status_activity', 'tickets_activity']);

      await migrator.down({ to: 0 });
      const after = (await sequelize.getQueryInterface().showAllTables()).map(String).filter((t) => t !== 'schema_migrations');
      expect(after).to.deep.equal([]);
      expect(await migrator.pending()).to.have.length(applied.length);

      expect(await migrator.up()).to.have.length(applied.length);
      expect(await migrator.pending()).to.deep.equal([]);
    } finally {
      await sequelize.close();
      await db.destroy();
    }
  });
});
