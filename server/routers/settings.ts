import { saveSettingsInput } from '../domain/settings.types';
import { getSettings, saveSettings } from '../services/settings';
import { roleProcedure, router } from '../trpc';

export const settingsRouter = router({
  get: roleProcedure('admin').query(async ({ ctx }) => await getSettings(ctx.db)),
  save: roleProcedure('admin')
    .input(saveSettingsInput)
    .mutation(async ({ ctx, input }) => await saveSettings(ctx.db, ctx.user, input)),
});
